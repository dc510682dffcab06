// The failure converter of the platform's Temporal data converter (runtime/codec.ts). Loaded by path
// both in the worker and inside the workflow sandbox (bundled), so it may import nothing but
// @temporalio/common: it moves failure messages and stack traces into an encoded payload, which the
// payload codec then encrypts like any other.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
