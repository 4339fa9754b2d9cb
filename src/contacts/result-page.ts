/**
 * How many contacts one answer shows: a results card lists this many, and a find or search returns this many
 * unless asked for more. Teams cards get long fast; past this a narrower search is more useful than scrolling.
 */
export const RESULT_PAGE_SIZE = 8;
