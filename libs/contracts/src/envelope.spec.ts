import { z } from 'zod';
import { defineEvent, eventService } from './envelope';
import { Streams } from './streams';

describe('event definitions', () => {
  const schema = z.object({ id: z.string() });

  it('accepts duban.<service>.<entity>.<past-verb>.v<n> with a matching version', () => {
    const event = defineEvent({
      type: 'duban.projects.milestone.completed.v1',
      version: 1,
      aggregate: 'milestone',
      schema,
    });
    expect(eventService(event.type)).toBe('projects');
  });

  it.each([
    ['projects.milestone.completed.v1', 1],
    ['duban.projects.milestone.completed', 1],
    ['duban.projects.Milestone.completed.v1', 1],
    ['duban.projects.milestone.completed.v1', 2],
  ])('refuses %s at version %d', (type, version) => {
    expect(() => defineEvent({ type, version, aggregate: 'milestone', schema })).toThrow(/Event type/);
  });

  it('names one stream per service, whose subjects cover its events', () => {
    expect(Object.values(Streams).map((s) => s.name)).toEqual([
      'DUBAN_PROJECTS',
      'DUBAN_FUNDING',
      'DUBAN_EVALUATION',
      'DUBAN_NOTIFICATIONS',
    ]);
    expect(Streams.projects.subjects).toBe('duban.projects.>');
  });
});
