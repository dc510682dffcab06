// The discovery queue beside the case queue (workflows/definitions.ts): work started from either
// wakes the one notification dispatcher of the case queue.
import { CASE_TASK_QUEUE, caseTaskQueueOf, discoveryTaskQueue } from '../../workflows/definitions';

describe('task queues', () => {
  test('the discovery queue is named after its case queue', () => {
    expect(discoveryTaskQueue(CASE_TASK_QUEUE)).toBe('cases-discovery');
    expect(discoveryTaskQueue('test-1234')).toBe('test-1234-discovery');
  });

  test('a discovery queue leads back to its case queue; a case queue is its own', () => {
    expect(caseTaskQueueOf(discoveryTaskQueue('cases'))).toBe('cases');
    expect(caseTaskQueueOf(discoveryTaskQueue('fault-abc'))).toBe('fault-abc');
    expect(caseTaskQueueOf('cases')).toBe('cases');
    expect(caseTaskQueueOf('discovery-cases')).toBe('discovery-cases');
  });
});
