// A customer waits on something that never comes.
export default {
  fetch() {
    return new Promise((resolve) => {
      setInterval(() => console.log('slowpoke: still waiting for the upstream…'), 400);
    });
  },
};
