/* Demo Video's player (video.localhost): a play button and a progress bar. */
(function () {
  "use strict";
  var player = document.querySelector(".player"), play = document.querySelector(".play");
  play.addEventListener("click", function () {
    var on = player.classList.toggle("playing");
    play.textContent = on ? "❚❚" : "▶";
    play.setAttribute("aria-label", on ? "Pause" : "Play");
  });
})();
