import { regionPathFromCode, type LiveChange, type LiveTopic } from '@duban/contracts';

/** What an event says of where it happened: the county, maybe its city, maybe a project or inspection. */
export interface ChangeSource {
  readonly regionCode: string;
  readonly cityRegionCode?: string | null;
  readonly projectId?: string | null;
  readonly inspectionId?: string | null;
}

/** The change to push, and the region path whose viewers may be told of it. */
export function liveChange(topic: LiveTopic, source: ChangeSource): { change: LiveChange; regionPath: string[] } {
  return {
    change: {
      topic,
      regionCode: source.regionCode,
      projectId: source.projectId ?? null,
      inspectionId: source.inspectionId ?? null,
    },
    // The event's own city when it names one (the projects service's tree), and the path the code reads as.
    regionPath: [
      ...new Set([...regionPathFromCode(source.regionCode), ...(source.cityRegionCode ? [source.cityRegionCode] : [])]),
    ],
  };
}
