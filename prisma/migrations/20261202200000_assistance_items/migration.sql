-- Assistance items (DESIGN.md §10): every case view lists its items in `assistance`. A view written
-- before items existed has at most an approval (`approvedAssistance`) and a pending `proposal`: they
-- become items 1 and 2 exactly as domain/assistance.ts assistanceItemsOf derives them, so the ledgers,
-- the family file and the monthly report read one list, and the ids stay when the case's workflow
-- turns them into items at its next assistance action.
UPDATE "cases" SET "view" = jsonb_set("view", '{assistance}', (
  SELECT coalesce(jsonb_agg(item ORDER BY n), '[]'::jsonb) FROM (
    SELECT 1 AS n, jsonb_strip_nulls(jsonb_build_object(
      'itemId', "caseId" || ':aid:1',
      'assistanceType', a->'assistanceType',
      'amount', a->'amount',
      'months', a->'months',
      'note', a->'note',
      'status', CASE WHEN "stage" = 'closed' THEN 'ended' WHEN "stage" = 'deciding' THEN 'approved' ELSE 'active' END,
      'total', round((a->>'amount')::numeric * coalesce((a->>'months')::int, 1), 2),
      'requiredTier', a->'requiredTier',
      'proposedBy', a->'proposedBy',
      'proposedAt', a->'proposedAt',
      'approvedBy', a->'approvedBy',
      'approvedAt', a->'approvedAt',
      'startsAt', CASE WHEN "stage" <> 'deciding' THEN a->'approvedAt' END,
      'endsAt', CASE WHEN "stage" = 'closed' THEN "view"->'closedAt' END,
      'endedAs', CASE WHEN "stage" = 'closed' AND "view" ? 'closedAt' THEN 'case-closed' END,
      'disbursed', coalesce(a->'disbursed', '0'::jsonb),
      'fromLegacy', true
    )) AS item
    FROM (SELECT "view"->'approvedAssistance' AS a) approved WHERE a IS NOT NULL AND jsonb_typeof(a) = 'object'
    UNION ALL
    SELECT 2, jsonb_strip_nulls(jsonb_build_object(
      'itemId', "caseId" || ':aid:' || CASE WHEN jsonb_typeof("view"->'approvedAssistance') = 'object' THEN 2 ELSE 1 END,
      'assistanceType', p->'assistanceType',
      'amount', p->'amount',
      'months', p->'months',
      'note', p->'note',
      'status', 'proposed',
      'total', round((p->>'amount')::numeric * coalesce((p->>'months')::int, 1), 2),
      'requiredTier', p->'requiredTier',
      'proposedBy', p->'proposedBy',
      'proposedAt', p->'proposedAt',
      'disbursed', 0,
      'fromLegacy', true
    ))
    FROM (SELECT "view"->'proposal' AS p) proposed WHERE p IS NOT NULL AND jsonb_typeof(p) = 'object'
  ) items
))
WHERE NOT "view" ? 'assistance';
