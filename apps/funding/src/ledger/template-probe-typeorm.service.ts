import { DataSource } from 'typeorm';
export const probe = DataSource;
