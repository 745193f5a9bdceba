/** A lead as the pipeline reads it: the row's columns are the Lead's fields. */
export const LEAD_COLUMNS = 'id, campaign, email, name';
