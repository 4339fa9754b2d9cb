import { VERBS } from '../../cards/verbs';
import { defineVerb } from './verb';
import { editedFields, saveData, saveEdit } from './save';

/** "Apply mine anyway" on a conflict card: the user's changes are written over what others changed meanwhile. */
export const forceSaveVerb = defineVerb({
  verb: VERBS.forceSave,
  schema: saveData,
  writes: true,
  run: async (data, raw, turn) => saveEdit(data, raw, turn, true),
  attemptedFields: editedFields,
});
