import { appLink, isSubjectType, SUBJECT_TYPES } from './links';

describe('appLink: the web app page of what a notification is about', () => {
  const projectId = '00000000-0000-4000-8000-0000000000bb';

  it('opens a milestone on its county page, at the address milestone reminders have always carried', () => {
    expect(appLink({ type: 'milestone', id: 'm-7', projectId, regionCode: '141124' })).toBe(
      `/projects/${projectId}/milestones/m-7`,
    );
    expect(appLink({ type: 'milestone', id: 'm-7', projectId: null })).toBeNull();
  });

  it('opens a report, a rectification item and an inspection on their tabs and pages', () => {
    expect(appLink({ type: 'report', id: 'r-1', projectId })).toBe(`/projects/${projectId}/reports`);
    expect(appLink({ type: 'report', id: 'r-1' })).toBeNull();
    expect(appLink({ type: 'rectification', id: 'item-3', projectId, regionCode: '141124' })).toBe(
      `/projects/${projectId}/inspections`,
    );
    expect(appLink({ type: 'rectification', id: 'item-3', projectId: null, regionCode: '141124' })).toBeNull();
    expect(appLink({ type: 'inspection', id: 'i-9' })).toBe('/inspections/i-9');
  });

  it('opens an expenditure on its project’s funding tab, or on the county’s dashboard when no project is named', () => {
    expect(appLink({ type: 'expenditure', id: 'e-1', projectId, regionCode: '141124' })).toBe(
      `/projects/${projectId}/funding`,
    );
    expect(appLink({ type: 'expenditure', id: 'e-1', projectId: null, regionCode: '141124' })).toBe('/regions/141124');
    expect(appLink({ type: 'expenditure', id: 'e-1' })).toBeNull();
  });

  it('sends any other subject to its project, else its region, else nowhere', () => {
    expect(appLink({ type: 'bench', id: 'b-1', projectId, regionCode: '141124' })).toBe(`/projects/${projectId}`);
    expect(appLink({ type: 'bench', id: 'b-1', regionCode: '141124' })).toBe('/regions/141124');
    expect(appLink({ type: 'bench', id: 'b-1' })).toBeNull();
  });

  it('knows the subject types the services raise', () => {
    expect(SUBJECT_TYPES).toEqual(['milestone', 'report', 'inspection', 'rectification', 'expenditure']);
    expect(isSubjectType('rectification')).toBe(true);
    expect(isSubjectType('bench')).toBe(false);
  });
});
