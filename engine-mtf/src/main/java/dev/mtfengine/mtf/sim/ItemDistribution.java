package dev.mtfengine.mtf.sim;

/**
 * How candidate items are drawn (simulator.md, "Items in a candidate set"): topic uniform on D,
 * quality q ~ N(0, qualitySd^2), clickbait {@code b ~ phi Beta(aHi, bHi) + (1 - phi) Beta(aLo, bLo)}
 * (a mixture: a share phi of items are clickbait-heavy), social appeal {@code g ~ Beta(aG, bG)}.
 *
 * @param qualitySd standard deviation of q, default 1
 * @param clickbaitShare phi, default 0.3
 * @param clickbaitHighAlpha default 8
 * @param clickbaitHighBeta default 2
 * @param clickbaitLowAlpha default 1
 * @param clickbaitLowBeta default 6
 * @param socialAlpha default 1
 * @param socialBeta default 4
 */
public record ItemDistribution(
    double qualitySd,
    double clickbaitShare,
    double clickbaitHighAlpha,
    double clickbaitHighBeta,
    double clickbaitLowAlpha,
    double clickbaitLowBeta,
    double socialAlpha,
    double socialBeta) {

  public ItemDistribution {
    if (!(qualitySd >= 0) || !Double.isFinite(qualitySd)) {
      throw new IllegalArgumentException("ItemDistribution: qualitySd = " + qualitySd + " must be >= 0");
    }
    if (!(clickbaitShare >= 0 && clickbaitShare <= 1)) {
      throw new IllegalArgumentException(
          "ItemDistribution: clickbaitShare = " + clickbaitShare + " must be in [0, 1]");
    }
    double[] shapes = {
      clickbaitHighAlpha, clickbaitHighBeta, clickbaitLowAlpha, clickbaitLowBeta, socialAlpha, socialBeta
    };
    for (double shape : shapes) {
      if (!(shape > 0) || !Double.isFinite(shape)) {
        throw new IllegalArgumentException(
            "ItemDistribution: Beta shape parameters must be finite and > 0, got " + shape);
      }
    }
  }

  /** The spec's defaults. */
  public static ItemDistribution defaults() {
    return new ItemDistribution(1.0, 0.3, 8, 2, 1, 6, 1, 4);
  }
}
