import type { Tone } from '../cards/views';

/** What a user reads when something did not go as planned: user-messages.ts and its siblings build these. */
export interface UserMessage {
  tone: Tone;
  title: string;
  text: string;
}
