package dev.mtfengine.mtf.log;

import java.util.List;

/**
 * One logged session: its requests in order (request indices 0, 1, ...). The session ends after
 * its last request (the user left, or the log ends there).
 *
 * @param sessionId the session
 * @param userId the user
 * @param requests the requests, request index 0 first
 */
public record LoggedSession(long sessionId, long userId, List<LoggedRequest> requests) {

  public LoggedSession {
    requests = List.copyOf(requests);
  }

  /** Number of requests. */
  public int length() {
    return requests.size();
  }
}
