import type { EventActor, MilestoneInstruction, MilestoneUrge, OversightPerson } from '@duban/contracts';
import type { InstructionRecord, UrgeRecord } from './oversight.repository';

/** Who did it, as shown (the account's id stays in the record and the events). */
export function oversightPerson(actor: EventActor): OversightPerson {
  return { username: actor.username, displayName: actor.displayName, role: actor.role };
}

export function urgeView(urge: UrgeRecord): MilestoneUrge {
  return { ...urge, urgedAt: urge.urgedAt.toISOString(), urgedBy: oversightPerson(urge.urgedBy) };
}

export function instructionView(instruction: InstructionRecord): MilestoneInstruction {
  return {
    ...instruction,
    writtenAt: instruction.writtenAt.toISOString(),
    writtenBy: oversightPerson(instruction.writtenBy),
    acknowledgedAt: instruction.acknowledgedAt ? instruction.acknowledgedAt.toISOString() : null,
    acknowledgedBy: instruction.acknowledgedBy ? oversightPerson(instruction.acknowledgedBy) : null,
  };
}
