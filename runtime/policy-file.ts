// Loads the case policy named by CASE_POLICY_FILE (or the defaults). Infrastructure: it is here to
// touch the file system for the policy; the policy rules themselves are in domain/policy.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_POLICY, PolicyError, parsePolicy, type CasePolicy } from '../domain/policy';

export function loadPolicyFromEnv(env: Record<string, string | undefined> = process.env): CasePolicy {
  const file = env.CASE_POLICY_FILE?.trim();
  // An empty value is how container setups usually express "unset".
  if (!file) return DEFAULT_POLICY;
  return loadPolicyFile(file);
}

function loadPolicyFile(file: string): CasePolicy {
  const fullPath = resolve(file);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new PolicyError(`Policy file ${fullPath} (CASE_POLICY_FILE) was not found`);
    }
    throw new PolicyError(`Policy file ${fullPath} (CASE_POLICY_FILE) cannot be read: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PolicyError(`Policy file ${fullPath} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return parsePolicy(json);
  } catch (e) {
    if (e instanceof PolicyError) {
      throw new PolicyError(
        `Policy file ${fullPath} is not a valid case policy:\n${e.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
        e.issues,
      );
    }
    throw e;
  }
}
