import { Namespace } from './namespace';

describe('Namespace', () => {
  it('leaves production names exactly as the contracts spell them', () => {
    const none = new Namespace('');
    expect(none.subject('duban.projects.milestone.completed.v1')).toBe('duban.projects.milestone.completed.v1');
    expect(none.name('DUBAN_PROJECTS')).toBe('DUBAN_PROJECTS');
  });

  it('prefixes subjects and names of an isolated run, and strips the prefix back off', () => {
    const run = new Namespace('t123');
    expect(run.subject('duban.projects.>')).toBe('t123.duban.projects.>');
    expect(run.name('DUBAN_PROJECTS')).toBe('T123_DUBAN_PROJECTS');
    expect(run.unprefixSubject('t123.duban.projects.x.y.v1')).toBe('duban.projects.x.y.v1');
    expect(run.unprefixSubject('other.duban.projects.x.y.v1')).toBe('other.duban.projects.x.y.v1');
  });
});
