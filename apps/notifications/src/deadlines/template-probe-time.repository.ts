export const probe = ['UPDATE x SET at = now()', `SELECT current_date`];
