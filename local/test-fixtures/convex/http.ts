import { httpRouter } from "convex/server";
import { api } from "./_generated/api";
import { httpAction } from "./_generated/server";

const http = httpRouter();

http.route({
  path: "/hello",
  method: "GET",
  handler: httpAction(async (ctx, request) => {
    const name = new URL(request.url).searchParams.get("name") ?? "world";
    const messages = await ctx.runQuery(api.messages.list, {});
    return new Response(`hello ${name} (${messages.length} messages)`, {
      headers: { "content-type": "text/plain" },
    });
  }),
});

// Reads only after a wait, to span a reload.
http.route({
  path: "/slow",
  method: "GET",
  handler: httpAction(async (ctx) => {
    // Long enough to outlast a 100 ms reload wait even on a loaded machine.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const messages = await ctx.runQuery(api.messages.list, {});
    return new Response(`${messages.length} messages`, { headers: { "content-type": "text/plain" } });
  }),
});

// A body that fails after the handler returned: the status line must not be 200.
http.route({
  path: "/late-error",
  method: "GET",
  handler: httpAction(async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("the body failed"));
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "text/plain" } });
  }),
});

export default http;
