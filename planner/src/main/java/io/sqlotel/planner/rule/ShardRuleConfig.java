package io.sqlotel.planner.rule;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * The immutable configuration shared by sqlotel's pushdown rules: description, operand tree and the rule factory
 * (Calcite's {@link RelRule.Config}, written as a record instead of an Immutables-generated class).
 *
 * @param description the rule's name, shown in planner traces
 * @param operandSupplier the operand tree the rule matches
 * @param relBuilderFactory the builder factory handed to the rule
 * @param factory creates the rule from this configuration
 */
public record ShardRuleConfig(
    String description,
    RelRule.OperandTransform operandSupplier,
    RelBuilderFactory relBuilderFactory,
    Function<ShardRuleConfig, RelOptRule> factory) implements RelRule.Config {

  /** A configuration with the logical builder factory. */
  public static ShardRuleConfig of(
      String description, RelRule.OperandTransform operands, Function<ShardRuleConfig, RelOptRule> factory) {
    return new ShardRuleConfig(description, operands, RelFactories.LOGICAL_BUILDER, factory);
  }

  @Override
  public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override
  public ShardRuleConfig withRelBuilderFactory(RelBuilderFactory f) {
    return new ShardRuleConfig(description, operandSupplier, f, factory);
  }

  @Override
  public ShardRuleConfig withDescription(String d) {
    return new ShardRuleConfig(d, operandSupplier, relBuilderFactory, factory);
  }

  @Override
  public ShardRuleConfig withOperandSupplier(RelRule.OperandTransform t) {
    return new ShardRuleConfig(description, t, relBuilderFactory, factory);
  }
}
