/**
 * Isolates one deployment (or one test run) from another on shared infrastructure: every subject, stream,
 * durable consumer and queue name passes through here. The empty namespace leaves names unchanged, so
 * production names are exactly the constants in `@duban/contracts`.
 */
export class Namespace {
  constructor(readonly value: string) {}

  subject(subject: string): string {
    return this.value ? `${this.value}.${subject}` : subject;
  }

  /** Subject back from the wire, without the namespace. */
  unprefixSubject(subject: string): string {
    return this.value && subject.startsWith(`${this.value}.`) ? subject.slice(this.value.length + 1) : subject;
  }

  /** Stream and durable consumer names: no dots allowed there. */
  name(name: string): string {
    return this.value ? `${this.value.toUpperCase()}_${name}` : name;
  }
}
