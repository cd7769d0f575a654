export const probe = () => [new Date(), Date.now(), new Date(0)];
