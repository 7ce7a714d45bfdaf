/**
 * One application, one plan: members whose plan fingerprint differs from the group's are refused
 * (the job refuses to start) rather than run as a silently mixed group.
 */

/** What the check needs of a member. */
export interface FingerprintedMember {
  readonly memberId: string;
  readonly planFingerprint: string;
  readonly ownedActive: readonly string[];
}

/**
 * The group's fingerprint and an error text for each member whose plan differs. The group's plan is
 * the leader's, unless the leader runs nothing while members that run tasks exist: then it is the
 * plan running the most tasks (a member just started with a new plan must not stop a running job).
 *
 * @example
 * const { reference, refused } = checkPlanFingerprints('app', 'm1', [
 *   { memberId: 'm1', planFingerprint: 'aa', ownedActive: [] },
 *   { memberId: 'm2', planFingerprint: 'bb', ownedActive: [] },
 * ]);
 * // reference 'aa'; refused.get('m2') names 'bb' and 'aa'
 */
export function checkPlanFingerprints(
  applicationId: string, leaderId: string, members: readonly FingerprintedMember[],
): { reference: string; refused: Map<string, string> } {
  const leader = members.find((m) => m.memberId === leaderId);
  const tasksByPlan = new Map<string, number>();
  for (const m of members) tasksByPlan.set(m.planFingerprint, (tasksByPlan.get(m.planFingerprint) ?? 0) + m.ownedActive.length);
  let reference = leader?.planFingerprint ?? members[0]?.planFingerprint ?? '';
  if ((leader === undefined || leader.ownedActive.length === 0) && [...tasksByPlan.values()].some((n) => n > 0)) {
    reference = [...tasksByPlan].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  }
  const refused = new Map<string, string>();
  for (const m of members) {
    if (m.planFingerprint === reference) continue;
    refused.set(m.memberId,
      `the plan of this instance (fingerprint ${m.planFingerprint}) differs from the plan the group of application '${applicationId}' runs ` +
      `(fingerprint ${reference}): every instance of one application must run the same job; stop the others first, or use another application id`);
  }
  return { reference, refused };
}
