// Web chat client: every bot text is inserted with textContent; links are built as elements.
(function () {
  "use strict";

  var URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;
  var messages = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var sendButton = document.getElementById("send");
  var examples = document.getElementById("examples");
  var busy = false;

  // Who the citizen is, is decided by the server: an HttpOnly session cookie set with this page.
  // No identifier lives in this script, in storage or in a URL.

  function safeUrl(raw) {
    try {
      var url = new URL(raw);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // Appends text to `parent`, turning http(s) URLs into links; never parses HTML.
  function appendLinkified(parent, text) {
    var last = 0;
    String(text).replace(URL_PATTERN, function (match, _url, offset) {
      var trimmed = match.replace(/[.,;:!?)\]]+$/, "");
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var href = safeUrl(trimmed);
      if (href) {
        var a = document.createElement("a");
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.textContent = trimmed;
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(trimmed));
      }
      last = offset + trimmed.length;
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function scrollDown() { messages.scrollTop = messages.scrollHeight; }

  function addBubble(kind, text, label) {
    var bubble = document.createElement("div");
    bubble.className = "bubble bubble--" + kind;
    if (label) {
      var tag = document.createElement("span");
      tag.className = "bubble__label";
      tag.textContent = label;
      bubble.appendChild(tag);
    }
    if (kind === "user") bubble.textContent = text; else appendLinkified(bubble, text || "");
    messages.appendChild(bubble);
    scrollDown();
    return bubble;
  }

  function addReply(reply) {
    var bubble = addBubble("bot", typeof reply.text === "string" ? reply.text : "");
    if (typeof reply.image === "string" && safeUrl(reply.image)) {
      var img = document.createElement("img");
      img.src = safeUrl(reply.image);
      img.alt = "Hình ảnh";
      bubble.appendChild(img);
    }
    if (Array.isArray(reply.buttons) && reply.buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      reply.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = String(b.title || b.payload || "");
        button.addEventListener("click", function () {
          Array.prototype.forEach.call(row.querySelectorAll("button"), function (x) { x.disabled = true; });
          send(String(b.payload || b.title || ""), String(b.title || b.payload || ""));
        });
        row.appendChild(button);
      });
      bubble.appendChild(row);
    }
    scrollDown();
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
  }

  function send(message, shown) {
    if (busy) return;
    addBubble("user", shown);
    if (examples) { examples.remove(); examples = null; }
    var typing = document.createElement("div");
    typing.className = "typing";
    typing.textContent = "Trợ lý đang trả lời…";
    messages.appendChild(typing);
    scrollDown();
    setBusy(true);
    fetch("/webchat/message", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ message: message })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (Array.isArray(data)) return data;
        var error = data && typeof data.error === "string" ? data.error : null;
        return [{ text: error || "Xin lỗi, hệ thống đang bận. Bạn vui lòng thử lại sau ít phút." }];
      });
    }).catch(function () {
      return [{ text: "Không kết nối được máy chủ. Bạn kiểm tra mạng rồi thử lại nhé." }];
    }).then(function (replies) {
      typing.remove();
      replies.forEach(addReply);
      setBusy(false);
      input.focus();
    });
  }

  function loadInbox() {
    fetch("/webchat/inbox", { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) {
        if (!Array.isArray(items)) return;
        items.forEach(function (item) {
          if (item && typeof item.text === "string") addBubble("staff", item.text, "Cán bộ trả lời:");
        });
      })
      .catch(function () { /* offline: try again later */ });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    send(text, text);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });

  if (examples) {
    Array.prototype.forEach.call(examples.querySelectorAll(".chip"), function (chip) {
      chip.addEventListener("click", function () { send(chip.textContent, chip.textContent); });
    });
  }

  var endButton = document.getElementById("end-session");
  if (endButton) {
    endButton.addEventListener("click", function () {
      fetch("/webchat/session/end", { method: "POST", credentials: "same-origin" })
        .then(function () { window.location.reload(); })
        .catch(function () { window.location.reload(); });
    });
  }

  addBubble("bot", "Xin chào! Tôi là trợ lý tra cứu thủ tục hành chính. Bạn muốn hỏi về thủ tục nào?");
  loadInbox();
  window.setInterval(loadInbox, 20000);
})();
