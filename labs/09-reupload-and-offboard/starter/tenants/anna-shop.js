// A different customer whose tag starts like Ann's: offboarding Ann must not touch it.
export default {
  fetch() {
    return new Response("anna-shop: Anna's flowers");
  },
};
