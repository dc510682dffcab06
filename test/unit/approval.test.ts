// Approval tiers by amount: who must approve, and which approver covers which tier.
import { requiredTier, tierCovers } from '../../domain/approval';
import { DEFAULT_POLICY, parsePolicy, DEFAULT_POLICY_JSON } from '../../domain/policy';

describe('requiredTier with the default limits (street ≤ 3000, district ≤ 10000)', () => {
  it.each([
    [0.01, 'street'],
    [3000, 'street'],
    [3000.01, 'district'],
    [10000, 'district'],
    [10000.01, 'city'],
    [250000, 'city'],
  ] as const)('%d CNY needs %s approval', (amount, tier) => {
    expect(requiredTier(amount, DEFAULT_POLICY)).toBe(tier);
  });

  it('follows the limits of the policy in force', () => {
    const generous = parsePolicy({ ...DEFAULT_POLICY_JSON, approvalLimits: { street: 5000, district: 20000 } });
    expect(requiredTier(4000, generous)).toBe('street');
    expect(requiredTier(15000, generous)).toBe('district');
  });
});

describe('tierCovers', () => {
  it.each([
    ['street', 'street', true],
    ['street', 'district', false],
    ['street', 'city', false],
    ['district', 'street', true],
    ['district', 'district', true],
    ['district', 'city', false],
    ['city', 'street', true],
    ['city', 'district', true],
    ['city', 'city', true],
  ] as const)('a %s approver covering %s approval: %s', (actor, required, expected) => {
    expect(tierCovers(actor, required)).toBe(expected);
  });

  it('never lets someone without a tier approve', () => {
    expect(tierCovers(null, 'street')).toBe(false);
  });
});
