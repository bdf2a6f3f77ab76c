/**
 * The task a run solves ({@link dev.mtfengine.mtf.task.MtfTask}): the one home of the discount, the
 * exploration and penalty box, the exploration noise and the reward scale of every run.
 */
package dev.mtfengine.mtf.task;
