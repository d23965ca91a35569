import type { FlowState } from './flow-state.ts';
import { ACTIVE, IDLE } from './flow-state.ts';
import { statAdd } from './running-stats.ts';

/**
 * BasicFlow.updateActiveIdleTime, called before a packet joins its flow: a gap longer than the
 * activity timeout (5 s) closes the active period (recorded only if it lasted) and records the gap as
 * idle time. The last active period is never closed (endActiveIdleTime is commented out in
 * FlowGenerator.java), so a flow without such a gap has no Active or Idle values at all; both modes
 * keep that. CICFlowMeter versions from 2019 to 2021 also called this with a packet's absolute
 * timestamp before the period had begun, so Idle held the epoch time; V4 (eaa853d) did not, and
 * neither mode here does.
 */
export function updateActiveIdle(flow: FlowState, ts: number, activityTimeout: number): void {
  if (ts - flow.activeEnd > activityTimeout) {
    const active = flow.activeEnd - flow.activeStart;
    if (active > 0) statAdd(flow.stats, ACTIVE, active);
    statAdd(flow.stats, IDLE, ts - flow.activeEnd);
    flow.activeStart = ts;
    flow.activeEnd = ts;
  } else {
    flow.activeEnd = ts;
  }
}
