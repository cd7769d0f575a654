/**
 * Duban's house rules that a linter can check (STYLE.md, "One service template"), as a local ESLint
 * plugin so that the template holds after the change that made it. Each rule has a probe test in
 * tools/checks (a file that breaks it is linted and must be refused).
 */

/** The back-end apps' sources: the template's rules apply there (not to the libs, the web app or tests). */
const SERVICE_SOURCE = /\/apps\/(gateway|projects|funding|evaluation|notifications)\/src\//;
const inServices = (context) => SERVICE_SOURCE.test(context.filename);

const REPOSITORY_FILE = /(\.repository|\.entity)\.ts$|\/migrations\/|\/src\/database\.ts$/;
const DATABASE_MODULES = new Set(['typeorm', '@nestjs/typeorm', 'pg']);
const QUERY_METHODS = new Set(['query', 'createQueryBuilder', 'getRepository']);

/** SQL and TypeORM live in repositories (and entities, migrations, the platform): one way to the database. */
const databaseInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL and TypeORM only in *.repository.ts, *.entity.ts and migrations' },
    messages: {
      import:
        "'{{name}}' is imported only by repositories, entities and migrations: pass a Tx from @duban/platform instead.",
      query: '.{{name}}() runs SQL: only a repository does that.',
    },
    schema: [],
  },
  create(context) {
    if (!inServices(context) || REPOSITORY_FILE.test(context.filename)) return {};
    return {
      ImportDeclaration(node) {
        if (DATABASE_MODULES.has(node.source.value))
          context.report({ node, messageId: 'import', data: { name: node.source.value } });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (
          callee.type === 'MemberExpression' &&
          callee.property.type === 'Identifier' &&
          QUERY_METHODS.has(callee.property.name)
        ) {
          context.report({ node, messageId: 'query', data: { name: callee.property.name } });
        }
      },
    };
  },
};

const SQL_NOW =
  /\b(now|clock_timestamp|statement_timestamp|transaction_timestamp)\s*\(\s*\)|\bcurrent_(timestamp|date)\b/i;

/** One clock: time comes from the platform's Clock, never from `new Date()`, `Date.now()` or SQL's now(). */
const oneClock = {
  meta: {
    type: 'problem',
    docs: { description: "read the time from the platform's injected Clock" },
    messages: {
      date: "{{what}} reads the machine's time: ask the injected Clock (libs/platform) so tests can move it.",
      sql: "SQL's {{what}} reads the database's time: pass the Clock's instant as a parameter.",
    },
    schema: [],
  },
  create(context) {
    if (!inServices(context) || /\/migrations\//.test(context.filename)) return {};
    const checkSql = (node, text) => {
      const match = SQL_NOW.exec(text);
      if (match) context.report({ node, messageId: 'sql', data: { what: match[0] } });
    };
    return {
      NewExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0) {
          context.report({ node, messageId: 'date', data: { what: 'new Date()' } });
        }
      },
      CallExpression(node) {
        const callee = node.callee;
        if (
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'Date' &&
          callee.property.name === 'now'
        ) {
          context.report({ node, messageId: 'date', data: { what: 'Date.now()' } });
        }
      },
      TemplateElement(node) {
        checkSql(node, node.value.raw);
      },
      Literal(node) {
        if (typeof node.value === 'string') checkSql(node, node.value);
      },
    };
  },
};

/** Request/reply handlers live in *.handler.ts, event handlers in *.subscriber.ts. */
const handlerRoles = {
  meta: {
    type: 'problem',
    docs: { description: '@MessagePattern only in *.handler.ts, @EventPattern only in *.subscriber.ts' },
    messages: { misplaced: '@{{decorator}} belongs in a *{{suffix}} file.' },
    schema: [],
  },
  create(context) {
    const places = { MessagePattern: '.handler.ts', EventPattern: '.subscriber.ts' };
    if (!inServices(context)) return {};
    return {
      Decorator(node) {
        const expression = node.expression;
        const name =
          expression.type === 'CallExpression' && expression.callee.type === 'Identifier'
            ? expression.callee.name
            : null;
        const suffix = name && places[name];
        if (suffix && !context.filename.endsWith(suffix))
          context.report({ node, messageId: 'misplaced', data: { decorator: name, suffix } });
      },
    };
  },
};

/**
 * Every file of a service's feature folder plays one of the template's roles, named by its suffix, so a
 * newcomer who has read one service knows where everything is in the others.
 */
export const FILE_ROLES = ['module', 'handler', 'subscriber', 'service', 'repository', 'view', 'rules'];
const FEATURE_FILE =
  /\/apps\/(projects|funding|evaluation|notifications)\/src\/(?!__fixtures__\/|migrations\/)[^/]+\/(.+)\.ts$/;
const fileRoles = {
  meta: {
    type: 'suggestion',
    docs: { description: 'files in a feature folder end with their role' },
    messages: { role: "'{{file}}' plays no template role: name it <name>.({{roles}}).ts." },
    schema: [],
  },
  create(context) {
    const match = FEATURE_FILE.exec(context.filename);
    if (!match || match[2].includes('/')) return {};
    const file = match[2];
    if (
      /\.(spec|int-spec)$/.test(file) ||
      FILE_ROLES.some((role) => file.endsWith(`.${role}`) || file.endsWith(`-${role}`))
    )
      return {};
    return {
      Program(node) {
        context.report({ node, messageId: 'role', data: { file: `${file}.ts`, roles: FILE_ROLES.join('|') } });
      },
    };
  },
};

export default {
  meta: { name: 'duban' },
  rules: {
    'database-in-repositories': databaseInRepositories,
    'one-clock': oneClock,
    'handler-roles': handlerRoles,
    'file-roles': fileRoles,
  },
};
