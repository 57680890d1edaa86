import { copyPlugin, type DeclarativeConfig, type KongPlugin } from "./declarative-config.js";

/** Options for {@link withEchoRoute}. */
export interface EchoRouteOptions {
  /** The echo upstream's URL, as Kong reaches it. */
  readonly url: string;
  /**
   * Route whose plugins, methods and protocols the echo route copies.
   * @default "sum"
   */
  readonly like?: string;
  /**
   * Path of the echo route.
   * @default "/echo"
   */
  readonly path?: string;
}

const copies = (plugins: KongPlugin[] | undefined) => plugins?.map(copyPlugin);

/**
 * Adds, for a local gateway only, a route `echo` to an echo upstream that
 * behaves like the route `like`: the same route plugins (key-auth…), methods
 * and protocols, and the same service plugins (gateway secret, size limit,
 * request id). What the echo answers is then what that route sends upstream.
 * @throws Error when no service has a route named `like`.
 */
export function withEchoRoute(config: DeclarativeConfig, options: EchoRouteOptions): DeclarativeConfig {
  const { url, like = "sum", path = "/echo" } = options;
  const service = config.services?.find((candidate) => candidate.routes?.some((route) => route.name === like));
  const route = service?.routes?.find((candidate) => candidate.name === like);
  if (!service || !route) throw new Error(`no route named '${like}' for the echo route to copy`);

  const echo = {
    name: "local-echo",
    url,
    plugins: copies(service.plugins),
    routes: [
      {
        name: "echo",
        paths: [`~${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`],
        methods: route.methods,
        protocols: route.protocols,
        https_redirect_status_code: route["https_redirect_status_code"],
        strip_path: false,
        plugins: copies(route.plugins),
      },
    ],
  };
  return { ...config, services: [...(config.services ?? []), echo] };
}
