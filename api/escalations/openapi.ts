// OpenAPI paths of this folder's routes: the escalation list and its live stream.
import { commonProblems, json, problemResponse, queryParameters, type JsonObject } from '../http/openapi';
import { escalationStreamQuerySchema, FEED_ID_PATTERN, listEscalationsQuerySchema } from './schemas';

export const escalationsPaths: Record<string, JsonObject> = {
  '/api/v1/escalations': {
    get: {
      tags: ['supervision'],
      operationId: 'listEscalations',
      summary: 'Escalations in the caller’s jurisdiction',
      description:
        'Newest first; paginate with `nextCursor`. City officers see the whole city, district officers their district, street supervisors and caseworkers their street. Report-only roles get 403. A case’s escalation names its `caseId` and `stage`; a warning whose verification is late (clock `warningVerify`, §8) names its `warningId` instead and has no stage.',
      parameters: queryParameters(listEscalationsQuerySchema),
      responses: {
        '200': json('EscalationList', 'one page of escalations'),
        '403': problemResponse('report-only roles may not read escalations'),
        '422': problemResponse('invalid filter or cursor'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/escalations/stream': {
    get: {
      tags: ['supervision'],
      operationId: 'streamEscalations',
      summary: 'Live escalations as server-sent events',
      description: [
        'A `text/event-stream` of the caller’s escalations as they happen: events `escalation.new`, `escalation.raised` (district → city) and `escalation.resolved`, each with `id:` (the feed position) and `data:` the escalation as JSON (the `Escalation` schema).',
        'Reconnect with the `Last-Event-ID` header (browsers’ EventSource sends it by itself) or `?lastEventId=` to get everything missed, read from the database, so any API instance can serve the reconnection. Without either the stream starts now; `?since=0` replays the whole feed.',
        'Comment lines (`: heartbeat …`) come every 15 s when nothing else is sent, and `retry:` suggests the reconnection delay. Authenticate with the Authorization header, or with `?access_token=<token>` from EventSource, which cannot set headers.',
      ].join('\n\n'),
      security: [{ bearerAuth: [] }, { accessTokenQuery: [] }],
      parameters: [
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description: 'id of the last event received; the stream resumes after it',
          schema: { type: 'string', pattern: FEED_ID_PATTERN.source },
        },
        ...queryParameters(escalationStreamQuerySchema),
      ],
      responses: {
        '200': {
          description: 'the event stream (stays open)',
          content: {
            'text/event-stream': {
              schema: { type: 'string' },
              example:
                'retry: 3000\n\nid: 42\nevent: escalation.new\ndata: {"escalationId":"c-1:accept:1","caseId":"c-1","level":"district","status":"open",…}\n\n',
            },
          },
        },
        '403': problemResponse('report-only roles may not read escalations'),
        '422': problemResponse('invalid Last-Event-ID or query parameter'),
        ...commonProblems,
      },
    },
  },
};
