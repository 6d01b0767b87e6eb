// A real OpenID provider for the e2e tests (panva/oidc-provider with its development
// sign-in pages): any login name signs in, as <login>@nhs.net with a verified email.
// Usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(ctx, sub) {
    const login = sub.includes("@") ? sub : `${sub}@nhs.net`;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: login, email_verified: true, name: `Person ${sub.split("@")[0]}` };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;
provider.listen(Number(port), "127.0.0.1", () => console.log(`ready ${issuer}`));
