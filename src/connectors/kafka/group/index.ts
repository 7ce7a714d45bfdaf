// Group membership for scale-out: the Sluice task assignor, the group member and `describe`.
export { assignTasks } from './assignor.ts';
export type { AssignorInput, AssignorMember, AssignorResult, MemberTasks } from './assignor-types.ts';
export { describeTaskGroup, type DescribedMember, type DescribedPartition, type TaskGroupDescription } from './describe-task-group.ts';
export { formatTaskGroupDescription } from './format-description.ts';
export { joinTaskGroup, type TaskGroupMember } from './task-group-member.ts';
export type { TaskChange, TaskGroupOptions } from './task-group-options.ts';
export { compareTaskIds, parseTaskId, taskId, taskIdsOf, type SubTopologyTasks, type TaskIdParts } from './task-ids.ts';
