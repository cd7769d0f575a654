/** The four back-end services. Names are used in subjects, stream names, schemas and queue groups. */
export const SERVICES = ['projects', 'funding', 'evaluation', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];
