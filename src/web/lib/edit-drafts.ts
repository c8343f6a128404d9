// The names of the drafts of a case file's edit forms, apart from the forms themselves: the case
// file screen checks for a kept draft before it has loaded the forms' code (loaded on demand).

/** The draft of an edit of this version of the case file (the case file screen reopens the form when one is kept). */
export const editCaseDraft = (record: { id: string; version: number }) => `edit-case:${record.id}:${record.version}`;

/** The draft of a correction of this version of the person's data (the case file screen reopens the form when one is kept). */
export const editPersonDraft = (person: { id: string; version: number }) => `edit-person:${person.id}:${person.version}`;
