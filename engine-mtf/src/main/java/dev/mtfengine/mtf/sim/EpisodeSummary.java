package dev.mtfengine.mtf.sim;

/**
 * Totals of one simulated session.
 *
 * @param episode the episode index
 * @param userType u
 * @param startSatisfaction s_0
 * @param requests session length (number of requests)
 * @param totalReward the undiscounted return, sum of r_t
 * @param shownItems L times the number of requests
 * @param clicks shown items clicked
 * @param longViews shown items long-viewed
 * @param likes shown items liked
 * @param shares shown items shared
 * @param regretClicks clicks without a long view
 * @param randomExposureClickSum sum over requests of the mean true click probability over all N
 *     candidates (what a random slate would get): the "random exposure" click rate of KuaiRand
 * @param truncated whether the session hit {@link SessionSimulator#MAX_REQUESTS} before leaving
 */
public record EpisodeSummary(
    long episode,
    int userType,
    int startSatisfaction,
    int requests,
    double totalReward,
    int shownItems,
    int clicks,
    int longViews,
    int likes,
    int shares,
    int regretClicks,
    double randomExposureClickSum,
    boolean truncated) {}
