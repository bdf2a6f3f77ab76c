package dev.mtfengine.rl.algo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that computes one loss, target or penalty of a paper, so an auditor can go from
 * the equation to the code and back. {@code docs/equations.md} lists every annotated method; a test
 * fails when the two disagree.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PaperEquation {
  /** The paper, e.g. {@code "arXiv:2404.17589"}. */
  String paper();

  /** The equation number in that paper, or a short name when it has none (e.g. "critic target, v4"). */
  String eq();
}
