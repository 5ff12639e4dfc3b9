import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { tokenRequestSchema } from '@/schemas/registry';
import { DomainError } from '../errors';
import { authenticate } from './credentials';
import { clientAddress } from './clientAddress';
import { endSession, startSession } from './sessions';

/**
 * Browser sign-in: next-auth credentials provider with JWT sessions. The session carries only
 * the user id; roles and organisation are loaded per request (src/server/identity/actor.ts), so
 * a role change or a disabled user takes effect at once. Each sign-in starts a server-side session
 * (./sessions.ts) whose id the JWT carries as `sid`; sign-out ends it, and a JWT whose session is
 * ended or missing is refused (`actorFromSessionToken`).
 */
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
        otp: { label: 'One-time code', type: 'text' },
      },
      async authorize(credentials, req) {
        const parsed = tokenRequestSchema.safeParse({
          email: credentials?.email,
          password: credentials?.password,
          otp: credentials?.otp ? credentials.otp : undefined,
        });
        if (!parsed.success) throw new Error('INVALID_INPUT');
        try {
          const actor = await authenticate({ ...parsed.data, ip: clientAddress(req?.headers?.['x-forwarded-for']) });
          return { id: String(actor.userId), email: actor.email, name: actor.name };
        } catch (e) {
          // next-auth passes the message to the sign-in page as ?error=CODE.
          if (e instanceof DomainError) throw new Error(e.code);
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.sid = await startSession(Number(user.id));
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.uid as number, sessionId: token.sid as string | undefined };
    },
  },
  events: {
    async signOut(message) {
      const sid = 'token' in message ? (message.token as { sid?: unknown } | null)?.sid : undefined;
      if (typeof sid === 'string') await endSession(sid);
    },
  },
};
