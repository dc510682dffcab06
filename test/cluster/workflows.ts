// A small workflow of the cluster tests: it upserts the case workflow's search attributes (the ones
// that must be registered on a real server), answers a query and an update, and completes on a signal.
import { condition, defineQuery, defineSignal, defineUpdate, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { CaseDistrictKey, CaseEscalationLevelKey, CaseStageKey, CaseStreetKey, CaseUrgencyKey } from '../../workflows/search-attributes';

export interface ProbeInput {
  stage: string;
  districtCode: string;
  streetCode: string;
}

export interface ProbeResult {
  stage: string;
  escalationLevel: number;
  signals: number;
}

export const escalateSignal = defineSignal('escalate');
export const finishSignal = defineSignal('finish');
export const stageQuery = defineQuery<string>('stage');
export const setStageUpdate = defineUpdate<string, [string]>('setStage');

export async function clusterProbeWorkflow(input: ProbeInput): Promise<ProbeResult> {
  let stage = input.stage;
  let escalationLevel = 0;
  let signals = 0;
  let finished = false;
  const sync = () =>
    upsertSearchAttributes([
      { key: CaseStageKey, value: stage },
      { key: CaseDistrictKey, value: input.districtCode },
      { key: CaseStreetKey, value: input.streetCode },
      { key: CaseUrgencyKey, value: 'normal' },
      { key: CaseEscalationLevelKey, value: escalationLevel },
    ]);

  setHandler(stageQuery, () => stage);
  setHandler(setStageUpdate, (next) => {
    stage = next;
    sync();
    return stage;
  });
  setHandler(escalateSignal, () => {
    signals++;
    escalationLevel++;
    sync();
  });
  setHandler(finishSignal, () => {
    signals++;
    finished = true;
  });

  sync();
  await condition(() => finished);
  return { stage, escalationLevel, signals };
}
