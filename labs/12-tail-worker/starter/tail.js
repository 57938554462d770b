// The platform's Tail Worker. Once it is a tail consumer of the dispatcher, tail(events) receives the trace
// events of the dispatcher and of every user Worker it dispatched to: scriptName, outcome, logs, exceptions.
export default {
  async tail(events, env) {
    // TODO: for each event, append its log lines to TAIL_LOG under "logs:<scriptName>"
    // and its exceptions under "exceptions:<scriptName>".
  },
};
