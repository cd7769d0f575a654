/**
 * The headers every answer of the gateway carries — the API's, the web app's pages and files, the errors
 * raised before routing. The web app is served by the gateway itself, so its origin is the one the policy
 * allows ('self'): its scripts and styles are files of its build; antd writes its styles at run time
 * (`style-src 'unsafe-inline'`, as Swagger UI's page at /api/docs needs too); images may be data: or blob:
 * URLs (evidence previews). Nothing may frame a page (`frame-ancestors 'none'`, and X-Frame-Options for
 * older browsers). HSTS tells browsers that reached the gateway over HTTPS to keep to it for a year (browsers
 * ignore it over plain HTTP, as on a developer's machine).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
