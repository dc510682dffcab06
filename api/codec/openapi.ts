// OpenAPI paths of this folder's routes: the codec endpoint for the Temporal Web UI.
import { commonProblems, json, problemResponse, ref, writeProblems, type JsonObject } from '../http/openapi';
import './schemas';

const codecOperation = (operationId: string, summary: string, description: string) => ({
  tags: ['operations'],
  operationId,
  summary,
  description,
  parameters: [{ name: 'X-Namespace', in: 'header', required: false, schema: { type: 'string' } }],
  requestBody: { required: true, content: { 'application/json': { schema: ref('CodecPayloads') } } },
  responses: {
    '200': json('CodecPayloads', 'the payloads, converted'),
    '403': problemResponse('only city officers may use the codec'),
    ...writeProblems,
    ...commonProblems,
  },
});

export const codecPaths: Record<string, JsonObject> = {
  '/codec/decode': {
    post: codecOperation(
      'codecDecode',
      'Decrypt Temporal payloads for the Temporal Web UI (remote codec protocol)',
      'City officers only; every call is written to the access log. Set the UI’s codec endpoint to this server and TEMPORAL_UI_ORIGIN to the UI’s origin (CORS).',
    ),
  },
  '/codec/encode': {
    post: codecOperation('codecEncode', 'Encrypt payloads as the platform does (remote codec protocol)', 'City officers only.'),
  },
};
