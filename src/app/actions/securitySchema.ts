import { z } from 'zod';
import { tokenRequestSchema } from '@/schemas/registry';

/**
 * A current one-time code from the authenticator app, for confirming or turning off two-factor
 * sign-in: the same rule (6 digits) and message as the code of the sign-in form.
 */
export const otpCodeSchema = z.object({ otp: tokenRequestSchema.shape.otp.unwrap() });
export type OtpCodeInput = z.infer<typeof otpCodeSchema>;
