// The platform's Tail Worker. Once it is a tail consumer of the dispatcher, tail(events) receives the trace
// events of the dispatcher and of every user Worker it dispatched to: scriptName, outcome, logs, exceptions.
export default {
  async tail(events, env) {
    // TODO: for each event, insert one row per log line (kind "log") and per exception (kind "exception")
    // into env.TAIL_DB's table events (script, kind, line, at).
  },
};
