/** What the Sluice task assignor is given and what it returns (assignor.ts). */

/** One group member as the leader sees it in the members' subscriptions. */
export interface AssignorMember {
  readonly memberId: string;
  /** Its process: standby copies go to other processes than the active copy's (members of one process share its state directory). */
  readonly processId: string;
  /** Its share of the work (threads); members get active tasks in proportion. A positive integer. */
  readonly capacity: number;
  /** The active tasks it ran before this rebalance. */
  readonly ownedActive: readonly string[];
  /** The standby tasks it kept before this rebalance. */
  readonly ownedStandby: readonly string[];
  /** Tasks whose local state its process holds (a checkpoint directory), preferred for standbys and new actives. */
  readonly localState?: readonly string[];
  /** The generation its `ownedActive` comes from: when two members claim a task, the newer claim wins. */
  readonly generation: number;
}

/** The assignor's input: the members, every task of the plan, and how many standby copies each task keeps. */
export interface AssignorInput {
  readonly members: readonly AssignorMember[];
  readonly tasks: readonly string[];
  readonly standbyReplicas: number;
}

/** One member's share of a round. */
export interface MemberTasks {
  readonly active: string[];
  readonly standby: string[];
}

/** The assignment of one rebalance round. */
export interface AssignorResult {
  /** Each member's active and standby tasks in this round (every member appears). */
  readonly assignments: Map<string, MemberTasks>;
  /**
   * Tasks that move (task id → the member that takes them): revoked from their owner in this round,
   * given to the new owner in the follow-up rebalance the revoking member triggers.
   */
  readonly pendingMoves: Map<string, string>;
}
