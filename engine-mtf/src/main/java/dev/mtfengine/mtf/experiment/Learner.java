package dev.mtfengine.mtf.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.algo.Bcq;
import dev.mtfengine.rl.algo.CqlSac;
import dev.mtfengine.rl.algo.Ddpg;
import dev.mtfengine.rl.algo.IntegratedRl;
import dev.mtfengine.rl.algo.Iql;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.algo.Td3Bc;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.tensor.DType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The offline learners the paper's experiment compares (algorithm.md sections 4 and 6), built
 * from each algorithm's own paper defaults with the experiment's shared settings laid over them:
 * hidden layer widths, the task's discount, the seed, and for IntegratedRL the number of critics
 * and the task's box as its penalty box.
 * Everything else (learning rates, tau, the penalty and conservatism weights) stays the
 * algorithm's own default, except TD3+BC's alpha ({@link #TD3_BC_ALPHA}, tuned on seeds 101-103);
 * docs/algorithms/experiment.md says why the discount is shared.
 */
public enum Learner {
  INTEGRATED_RL("integrated-rl", "IntegratedRL-MTF", "integrated-rl", IntegratedRl.Config.class) {
    @Override
    IntegratedRl.Config configure(Settings s) {
      CriticChoice choice = s.criticChoice();
      IntegratedRl.Config d = IntegratedRl.Config.paperDefaults(s.stateDim(), s.actionDim());
      // the closed-form critics evaluate the logged behaviour (item 15)
      IntegratedRl.BootstrapAction bootstrap = choice.form() == IntegratedRl.CriticForm.LEAST_SQUARES
          ? IntegratedRl.BootstrapAction.BEHAVIOUR : d.bootstrapAction();
      return d.withNetworks(s.hidden(), s.critics()).withShared(s.hidden(), s.task().discount(), s.seed())
          .withBox(s.task().box().lower(), s.task().box().upper())
          .withCritics(choice.form(), bootstrap, choice.lambda(), choice.dataShare(), choice.actorUpdate(),
              choice.actorLr());
    }

    @Override
    OfflineAlgorithm construct(Object config) {
      return new IntegratedRl((IntegratedRl.Config) config);
    }
  },
  DDPG("ddpg", "DDPG", "ddpg", Ddpg.Config.class) {
    @Override
    Ddpg.Config configure(Settings s) {
      return Ddpg.Config.paperDefaults(s.stateDim(), s.actionDim()).withShared(s.hidden(), s.task().discount(), s.seed());
    }

    @Override
    OfflineAlgorithm construct(Object config) {
      return new Ddpg((Ddpg.Config) config);
    }
  },
  CQL_SAC("cql-sac", "CQL+SAC", "cql-sac", CqlSac.Config.class) {
    @Override
    CqlSac.Config configure(Settings s) {
      return CqlSac.Config.paperDefaults(s.stateDim(), s.actionDim()).withShared(s.hidden(), s.task().discount(),
          s.seed());
    }

    @Override
    OfflineAlgorithm construct(Object config) {
      return new CqlSac((CqlSac.Config) config);
    }
  },
  IQL("iql", "IQL", "iql", Iql.Config.class) {
    @Override
    Iql.Config configure(Settings s) {
      return Iql.Config.paperDefaults(s.stateDim(), s.actionDim()).withShared(s.hidden(), s.task().discount(), s.seed());
    }

    @Override
    OfflineAlgorithm construct(Object config) {
      return new Iql((Iql.Config) config);
    }
  },
  BATCH_RL_MTF("batchrl-mtf", "BatchRL-MTF (BCQ)", "bcq", Bcq.Config.class) {
    @Override
    Bcq.Config configure(Settings s) {
      return Bcq.Config.paperDefaults(s.stateDim(), s.actionDim()).withShared(s.hidden(), s.task().discount(), s.seed())
          .withVaeHidden(s.hidden().stream().map(w -> 2 * w).toList());
    }

    @Override
    OfflineAlgorithm construct(Object config) {
      return new Bcq((Bcq.Config) config);
    }
  },
  TD3_BC("td3-bc", "TD3+BC", "td3-bc", Td3Bc.Config.class) {
    @Override
    Td3Bc.Config configure(Settings s) {
      return Td3Bc.Config.paperDefaults(s.stateDim(), s.actionDim()).withShared(s.hidden(), s.task().discount(), s.seed())
          .withAlpha(TD3_BC_ALPHA);
    }

    @Override
    OfflineAlgorithm construct(Object config) {
      return new Td3Bc((Td3Bc.Config) config);
    }
  };

  /**
   * TD3+BC's alpha for this reward scale (its paper: 2.5), chosen by the tuning protocol of
   * docs/algorithms/experiment.md ("Tuning"): the best of {0.5, 1, 2.5} on seeds 101-103, never on
   * the reported seeds. IQL's beta (3) and CQL's alpha keep their papers' values (see there).
   */
  static final double TD3_BC_ALPHA = 0.5;

  /** The precision every learner trains in (each algorithm's default). */
  public static final DType DTYPE = DType.F32;

  private final String id;
  private final String label;
  private final String algorithmName;
  private final Class<?> configType;

  Learner(String id, String label, String algorithmName, Class<?> configType) {
    this.id = id;
    this.label = label;
    this.algorithmName = algorithmName;
    this.configType = configType;
  }

  /** The command-line and file name, e.g. {@code "cql-sac"}. */
  public String id() {
    return id;
  }

  /** The name in tables, e.g. {@code "CQL+SAC"}. */
  public String label() {
    return label;
  }

  /** Whether the policy is a deterministic tanh actor under the names {@code actor} / {@code actor_target}. */
  public boolean hasDeterministicActor() {
    return this == INTEGRATED_RL || this == DDPG || this == TD3_BC;
  }

  /** The learner named {@code id} (case-insensitive); the error lists the valid names. */
  public static Learner byId(String id) {
    for (Learner l : values()) {
      if (l.id.equalsIgnoreCase(id.trim())) {
        return l;
      }
    }
    StringBuilder names = new StringBuilder();
    for (Learner l : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(l.id);
    }
    throw new IllegalArgumentException("unknown learner '" + id + "'; choose one of " + names);
  }

  /**
   * The shared settings.
   *
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer widths of every network (BCQ's VAE gets twice the width, as its
   *     paper's 750 against 400/300)
   * @param critics IntegratedRL's critics (m)
   * @param task the task: every learner's discount, and IntegratedRL's penalty box (the data's
   *     exploration box)
   * @param seed parameter initialisation seed
   * @param criticChoice IntegratedRL's critic form, pessimism and data share ({@link CriticChoice#paper()}
   *     unless an experiment asks for another)
   */
  public record Settings(int stateDim, int actionDim, List<Integer> hidden, int critics, MtfTask task,
      long seed, CriticChoice criticChoice) {
    public Settings {
      hidden = List.copyOf(hidden);
      if (task == null) {
        throw new IllegalArgumentException("learner settings: the task must be set");
      }
    }

    /** Settings with the paper's IntegratedRL critics. */
    public Settings(int stateDim, int actionDim, List<Integer> hidden, int critics, MtfTask task, long seed) {
      this(stateDim, actionDim, hidden, critics, task, seed, CriticChoice.paper());
    }

    /** The same settings with the initialisation seed of {@code method} in round {@code round} of the task's seed tree. */
    public Settings seeded(String method, int round) {
      return new Settings(stateDim, actionDim, hidden, critics, task,
          task.seeds().seed(SeedTree.Purpose.LEARNER_INIT, method, round), criticChoice);
    }
  }

  /**
   * The IntegratedRL settings an experiment may vary (docs/algorithms/integrated-rl.md items 2 and
   * 12-16; experiment.md, "Tuning"): everything else stays the paper's.
   *
   * @param form what a critic computes
   * @param lambda weight of the critics' spread in the actor loss (Eq. 4)
   * @param dataShare the share of the transitions each critic trains on (1 for LEAST_SQUARES, which
   *     resamples by the bootstrap)
   * @param actorUpdate how the actor maximises Eq. 4's objective (SEARCH for LEAST_SQUARES only)
   * @param actorLr the actor's Adam learning rate
   */
  public record CriticChoice(IntegratedRl.CriticForm form, double lambda, double dataShare,
      IntegratedRl.ActorUpdate actorUpdate, double actorLr) {
    public CriticChoice {
      if (actorUpdate == null) {                            // written before the field existed: what ran then
        actorUpdate = IntegratedRl.ActorUpdate.GRADIENT;
      }
      if (actorLr == 0) {
        actorLr = IntegratedRl.Config.paperDefaults(1, 1).actorLr();
      }
    }

    /** The paper's: {@code IntegratedRl.Config.paperDefaults}. */
    public static CriticChoice paper() {
      IntegratedRl.Config d = IntegratedRl.Config.paperDefaults(1, 1);
      return new CriticChoice(d.criticForm(), d.lambda(), d.criticDataShare(), d.actorUpdate(), d.actorLr());
    }

    /**
     * The experiment's (decision 18 of docs/algorithms/experiment.md, chosen on tuning seeds
     * 101-103): closed-form critics per state (item 15), lambda 2 (the actor's value is held two
     * bootstrap standard errors below the critics' mean), the actor regressed onto each state's
     * best candidate in the box (item 16) at lr 1e-3. For discrete states only: logs with a
     * continuous state take {@link #networks()}.
     */
    public static CriticChoice experiment() {
      return new CriticChoice(IntegratedRl.CriticForm.LEAST_SQUARES, 2, 1.0, IntegratedRl.ActorUpdate.SEARCH, 1e-3);
    }

    /**
     * Network critics for any state (decision 17, `mtf train` and `mtf progressive` on logs):
     * quadratic critics around the baseline action (item 14), each on its own half of the data
     * (item 12), and lambda 30, so the actor leaves the baseline action only where the critics,
     * which agree exactly at it, agree on a gain; the paper's gradient actor update.
     */
    public static CriticChoice networks() {
      return new CriticChoice(IntegratedRl.CriticForm.BASELINE_QUADRATIC, 30, 0.5, IntegratedRl.ActorUpdate.GRADIENT,
          paper().actorLr());
    }

    /**
     * The critics of {@code form} with their own defaults: the paper's for PAPER, the
     * experiment's for LEAST_SQUARES, {@link #networks()}' for the other network forms.
     */
    public static CriticChoice of(IntegratedRl.CriticForm form) {
      CriticChoice base = switch (form) {
        case PAPER -> paper();
        case LEAST_SQUARES -> experiment();
        default -> networks();
      };
      return new CriticChoice(form, base.lambda(), base.dataShare(), base.actorUpdate(), base.actorLr());
    }

    /** The same choice with another actor update; SEARCH needs LEAST_SQUARES critics. */
    public CriticChoice withActorUpdate(IntegratedRl.ActorUpdate update) {
      return new CriticChoice(form, lambda, dataShare, update, actorLr);
    }
  }

  /** A learner with the config record it was built from (checkpoints store and compare it). */
  public record Built(OfflineAlgorithm algorithm, Object config) {}

  /**
   * The learner saved in a checkpoint directory, rebuilt from its stored config and restored to
   * its stored state.
   *
   * @throws IllegalArgumentException naming the checkpoint when its algorithm is not one of these
   *     learners or its config does not fit
   */
  public static Built fromCheckpoint(Path directory) {
    Checkpoint.Contents c = Checkpoint.read(directory);
    for (Learner l : values()) {
      if (l.algorithmName.equals(c.algorithm())) {
        Object config;
        try {
          config = RunStore.JSON.treeToValue(withFieldsAddedSince(c.config(), l), l.configType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new IllegalArgumentException("checkpoint " + directory + ": the " + c.algorithm()
              + " config cannot be read (" + e.getMessage() + ")", e);
        }
        Built b = new Built(l.construct(config), config);
        try {
          b.algorithm().restore(c.state());
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw new IllegalArgumentException("checkpoint " + directory + ": " + e.getMessage()
              + "; the checkpoint is damaged or does not match its config", e);
        }
        return b;
      }
    }
    throw new IllegalArgumentException("checkpoint " + directory + " holds algorithm '" + c.algorithm()
        + "', which is none of the learners " + java.util.Arrays.toString(values()));
  }

  /**
   * A stored config with every field it lacks taken from this learner's defaults: a checkpoint
   * written before a config field existed (e.g. IntegratedRL's bootstrapAction, criticDataShare or
   * criticForm) was trained with what that field's default now says, the paper's behaviour.
   */
  private static JsonNode withFieldsAddedSince(JsonNode stored, Learner l) {
    JsonNode defaults = Checkpoint.configJson(l.build(new Settings(1, 1, List.of(1), 1, MtfTask.paper(), 0)).config());
    if (!stored.isObject() || !defaults.isObject()) {
      return stored;
    }
    ObjectNode out = ((ObjectNode) stored).deepCopy();
    defaults.fields().forEachRemaining(e -> {
      if (!out.has(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  /**
   * This learner's config for {@code s}: its algorithm's paper defaults with the run's shared
   * settings (hidden widths, the task's discount, the seed) laid over them, and for IntegratedRL
   * the critic choice and the task's box as its penalty box.
   */
  abstract Object configure(Settings s);

  /** This learner's algorithm from its config (the type {@link #configure} returns). */
  abstract OfflineAlgorithm construct(Object config);

  /** Builds this learner. */
  public Built build(Settings s) {
    Object config = configure(s);
    return new Built(construct(config), config);
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
