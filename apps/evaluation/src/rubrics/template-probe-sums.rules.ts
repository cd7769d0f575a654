export const probe = (a: number, b: number) => a + b;
