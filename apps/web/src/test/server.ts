import { setupServer } from 'msw/node';

/** The stand-in gateway of component tests (msw): each test answers the routes its page calls. */
export const server = setupServer();
