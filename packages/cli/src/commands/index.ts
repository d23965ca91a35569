import { alerts } from './alerts.ts';
import { capture } from './capture.ts';
import type { Command } from './command.ts';
import { demo } from './demo.ts';
import { evaluate } from './evaluate.ts';
import { provision } from './provision.ts';
import { replay } from './replay.ts';
import { train } from './train.ts';

export type { Command } from './command.ts';

export const COMMANDS: Record<string, Command> = {
  demo,
  train,
  evaluate,
  capture,
  replay,
  alerts,
  provision,
};
