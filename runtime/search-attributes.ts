// Makes a Temporal namespace ready for the platform at every start against TEMPORAL_ADDRESS (DESIGN.md
// §13): the namespace must exist, and the custom search attributes the workflows upsert are created
// through the operator API when missing. Where the server does not allow that (Temporal Cloud, a
// restricted operator role) the start stops with one line naming what to create by hand.
import { type Connection, isGrpcServiceError } from '@temporalio/client';
import { StartupError } from './errors';

/** Search attribute types as the Temporal CLI spells them (`--type Keyword`). */
export type SearchAttributeKind = 'Keyword' | 'Int' | 'Datetime' | 'Bool' | 'Double' | 'Text' | 'KeywordList';

export type WantedSearchAttributes = Readonly<Record<string, SearchAttributeKind>>;

// temporal.api.enums.v1.IndexedValueType, the wire values of the operator API (stable protobuf enum).
const INDEXED_VALUE_TYPE = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
} as const satisfies Record<SearchAttributeKind, number>;

const ENUM_NAME: Record<string, SearchAttributeKind> = {
  INDEXED_VALUE_TYPE_TEXT: 'Text',
  INDEXED_VALUE_TYPE_KEYWORD: 'Keyword',
  INDEXED_VALUE_TYPE_INT: 'Int',
  INDEXED_VALUE_TYPE_DOUBLE: 'Double',
  INDEXED_VALUE_TYPE_BOOL: 'Bool',
  INDEXED_VALUE_TYPE_DATETIME: 'Datetime',
  INDEXED_VALUE_TYPE_KEYWORD_LIST: 'KeywordList',
};

// gRPC status codes (google.rpc.Code); @grpc/grpc-js is not a direct dependency of the project.
const GRPC = { NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, UNIMPLEMENTED: 12 } as const;

const GRPC_NAME: Record<number, string> = { 7: 'PERMISSION_DENIED', 12: 'UNIMPLEMENTED' };

/** The CLI name of a type as the server reports it (enum number, or enum name), or the raw value. */
function kindOf(reported: unknown): string {
  if (typeof reported === 'string') return ENUM_NAME[reported] ?? reported;
  const kind = (Object.keys(INDEXED_VALUE_TYPE) as SearchAttributeKind[]).find((k) => INDEXED_VALUE_TYPE[k] === reported);
  return kind ?? String(reported);
}

function isDenied(err: unknown): err is { code: number } {
  return isGrpcServiceError(err) && (Number(err.code) === GRPC.PERMISSION_DENIED || Number(err.code) === GRPC.UNIMPLEMENTED);
}

function firstLine(err: unknown): string {
  const details = isGrpcServiceError(err) ? err.details : undefined;
  const message = details || (err instanceof Error ? err.message : String(err));
  return message.split('\n')[0];
}

/**
 * The Temporal CLI command that creates these attributes: `--name` and `--type` go in pairs (the CLI
 * pairs them by position; one `--type` after several `--name`s creates only the first name).
 */
export function searchAttributeCliCommand(namespace: string, wanted: WantedSearchAttributes): string[] {
  const pairs = Object.entries(wanted).flatMap(([name, kind]) => ['--name', name, '--type', kind]);
  return ['temporal', 'operator', 'search-attribute', 'create', '--namespace', namespace, ...pairs];
}

/** The commands that create these attributes by hand, on one line: the Temporal CLI and, for Temporal Cloud, tcld. */
function searchAttributeCreateCommands(namespace: string, wanted: WantedSearchAttributes): string {
  const cli = searchAttributeCliCommand(namespace, wanted).join(' ');
  const cloud = [
    'tcld namespace search-attributes add --namespace',
    namespace,
    ...Object.entries(wanted).map(([name, kind]) => `--sa ${name}=${kind}`),
  ].join(' ');
  return `${cli} (Temporal Cloud: ${cloud})`;
}

function listOf(wanted: WantedSearchAttributes): string {
  return Object.entries(wanted)
    .map(([name, kind]) => `${name} (${kind})`)
    .join(', ');
}

function refused(namespace: string, wanted: WantedSearchAttributes, err: unknown, doing: string): StartupError {
  const code = isGrpcServiceError(err) ? (GRPC_NAME[err.code] ?? String(err.code)) : 'refused';
  return new StartupError(
    `Temporal does not let this process ${doing} in namespace ${namespace} (${code}); create these search attributes by hand: ${listOf(wanted)}`,
    `run: ${searchAttributeCreateCommands(namespace, wanted)}`,
  );
}

export interface EnsureSearchAttributesOptions {
  /** How long to wait for added attributes to be listed (default 30 s). */
  timeoutMs?: number;
  /**
   * Extra wait after adding, so that every server node's namespace cache has the new attributes
   * before a workflow upserts them (the server refreshes it every `system.namespaceCacheRefreshInterval`,
   * 2 s by default; a stale node fails the workflow task that upserts them). Default 3 s.
   */
  propagationMs?: number;
}

export interface EnsureSearchAttributesResult {
  /** Attributes this call created. */
  added: string[];
  /** Attributes that were already there with the wanted type. */
  present: string[];
}

async function listCustom(
  connection: Connection,
  namespace: string,
): Promise<{ custom: Record<string, unknown>; system: Record<string, unknown> }> {
  const res = await connection.operatorService.listSearchAttributes({ namespace });
  return { custom: res.customAttributes ?? {}, system: res.systemAttributes ?? {} };
}

/**
 * Creates the custom search attributes of `wanted` that the namespace lacks and waits until they are
 * listed. Idempotent: a second call only lists. An attribute that exists with another type, or a name
 * that is a system attribute, is a StartupError (the server would silently keep the old type).
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  wanted: WantedSearchAttributes,
  options: EnsureSearchAttributesOptions = {},
): Promise<EnsureSearchAttributesResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const propagationMs = options.propagationMs ?? 3_000;

  let listed: Awaited<ReturnType<typeof listCustom>>;
  try {
    listed = await listCustom(connection, namespace);
  } catch (err) {
    if (isDenied(err)) throw refused(namespace, wanted, err, 'list search attributes');
    throw new StartupError(`cannot list the search attributes of Temporal namespace ${namespace}: ${firstLine(err)}`);
  }

  const conflicts: string[] = [];
  const missing: Record<string, SearchAttributeKind> = {};
  const present: string[] = [];
  for (const [name, kind] of Object.entries(wanted)) {
    if (name in listed.system) {
      conflicts.push(`${name} is a system search attribute`);
    } else if (name in listed.custom) {
      const existing = kindOf(listed.custom[name]);
      if (existing === kind) present.push(name);
      else conflicts.push(`${name} exists as ${existing}, the platform needs ${kind}`);
    } else {
      missing[name] = kind;
    }
  }
  if (conflicts.length) {
    throw new StartupError(
      `search attributes of Temporal namespace ${namespace} conflict with the platform's: ${conflicts.join('; ')}`,
      'remove or rename the conflicting attribute (temporal operator search-attribute remove --name …), or use another namespace',
    );
  }
  if (Object.keys(missing).length === 0) return { added: [], present };

  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(Object.entries(missing).map(([name, kind]) => [name, INDEXED_VALUE_TYPE[kind]])),
    });
  } catch (err) {
    if (isDenied(err)) throw refused(namespace, missing, err, 'create search attributes');
    // Another process (a second worker starting at the same moment) may have won the race; the
    // listing below decides.
    if (!(isGrpcServiceError(err) && Number(err.code) === GRPC.ALREADY_EXISTS) && !/already|race/i.test(firstLine(err))) {
      throw new StartupError(`cannot create search attributes ${listOf(missing)} in Temporal namespace ${namespace}: ${firstLine(err)}`);
    }
  }

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { custom } = await listCustom(connection, namespace);
    const wrong = Object.entries(missing).filter(([name, kind]) => name in custom && kindOf(custom[name]) !== kind);
    if (wrong.length) {
      throw new StartupError(
        `search attributes of Temporal namespace ${namespace} were created with other types meanwhile: ${wrong.map(([n]) => `${n} is ${kindOf(custom[n])}`).join(', ')}`,
      );
    }
    if (Object.keys(missing).every((name) => name in custom)) break;
    if (Date.now() > deadline) {
      throw new StartupError(
        `search attributes ${listOf(missing)} were not listed in Temporal namespace ${namespace} within ${timeoutMs / 1000} s after creating them`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (propagationMs > 0) await new Promise((r) => setTimeout(r, propagationMs));
  return { added: Object.keys(missing), present };
}

/** The Temporal CLI command that creates the namespace (30 days of retention for closed workflows). */
export function namespaceCreateCommand(namespace: string, address: string): string[] {
  return ['temporal', 'operator', 'namespace', 'create', '--namespace', namespace, '--retention', '30d', '--address', address];
}

/** Fails with one line when the namespace does not exist (or is being deleted) on this server. */
export async function checkNamespace(connection: Connection, namespace: string): Promise<void> {
  const address = connection.options.address;
  const create = `create it with: ${namespaceCreateCommand(namespace, address).join(' ')} (Temporal Cloud: in the Cloud UI or tcld namespace create), or set TEMPORAL_NAMESPACE`;
  let state: unknown;
  try {
    const res = await connection.workflowService.describeNamespace({ namespace });
    state = res.namespaceInfo?.state;
  } catch (err) {
    if (isGrpcServiceError(err) && Number(err.code) === GRPC.NOT_FOUND) {
      throw new StartupError(`Temporal namespace ${namespace} does not exist at ${address}`, create);
    }
    if (isDenied(err)) {
      throw new StartupError(
        `Temporal at ${address} does not let this process describe namespace ${namespace}: ${firstLine(err)}`,
        'check the API key or client certificate',
      );
    }
    throw new StartupError(`cannot describe Temporal namespace ${namespace} at ${address}: ${firstLine(err)}`);
  }
  // NamespaceState: 1 registered, 2 deprecated, 3 deleted.
  if (state === 3 || state === 'NAMESPACE_STATE_DELETED') {
    throw new StartupError(`Temporal namespace ${namespace} at ${address} is being deleted`, create);
  }
}

/**
 * What the composition root calls once its Temporal connection is open, before the worker or the API
 * starts: the namespace check, then the search attributes.
 */
export async function prepareNamespace(
  connection: Connection,
  namespace: string,
  wanted: WantedSearchAttributes,
  options?: EnsureSearchAttributesOptions,
): Promise<EnsureSearchAttributesResult> {
  await checkNamespace(connection, namespace);
  return ensureSearchAttributes(connection, namespace, wanted, options);
}
