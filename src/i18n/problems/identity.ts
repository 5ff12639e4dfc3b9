import type { IDENTITY_PROBLEMS } from '@/domain/problems/identity';
import type { ProblemTexts } from './format';

export const identityTexts: ProblemTexts<typeof IDENTITY_PROBLEMS> = {
  en: {
    OTP_REQUIRED: () => 'Enter the 6-digit code from your authenticator app.',
    OTP_INVALID: () => 'The code is wrong, has expired or was already used. Enter the next code your app shows.',
    NO_ENROLMENT: () => 'Start the set-up first: the setup key was not found.',
    NOT_ENABLED: () => 'Two-factor sign-in is not enabled for your account.',
    FIELD_OTP_FORMAT: () => 'Enter the 6 digits your app shows.',
  },
  zh: {
    OTP_REQUIRED: () => '请输入身份验证器中的 6 位动态验证码。',
    OTP_INVALID: () => '验证码错误、已过期或已被使用。请输入应用显示的下一个验证码。',
    NO_ENROLMENT: () => '请先开始设置：未找到设置密钥。',
    NOT_ENABLED: () => '您的账号未启用双因素登录。',
    FIELD_OTP_FORMAT: () => '动态验证码为 6 位数字。',
  },
};
