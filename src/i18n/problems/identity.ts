import type { IDENTITY_PROBLEMS } from '@/domain/problems/identity';
import type { ProblemTexts } from './format';

export const identityTexts: ProblemTexts<typeof IDENTITY_PROBLEMS> = {
  en: {
    OTP_REQUIRED: () => 'Enter the 6-digit code from your authenticator app.',
    OTP_INVALID: () => 'The code is wrong, has expired or was already used. Enter the next code your app shows.',
    NO_ENROLMENT: () => 'Start the set-up first: the setup key was not found.',
    NOT_ENABLED: () => 'Two-factor sign-in is not enabled for your account.',
    SIGNATURE_REQUIRED: () => 'Confirm this with a new 6-digit code from your authenticator app (transaction signing).',
    SIGNATURE_INVALID: () => 'The confirmation code is wrong, has expired or was already used. Wait for the next code your app shows and try again. Nothing was changed.',
    TWO_FACTOR_ENROLMENT_REQUIRED: () => 'Regulators and operators must turn on two-factor sign-in first: set it up on the Sign-in security page.',
    FIELD_OTP_FORMAT: () => 'Enter the 6 digits your app shows.',
  },
  zh: {
    OTP_REQUIRED: () => '请输入身份验证器中的 6 位动态验证码。',
    OTP_INVALID: () => '验证码错误、已过期或已被使用。请输入应用显示的下一个验证码。',
    NO_ENROLMENT: () => '请先开始设置：未找到设置密钥。',
    NOT_ENABLED: () => '您的账号未启用双因素登录。',
    SIGNATURE_REQUIRED: () => '请用身份验证器中新的 6 位动态验证码确认此操作（交易签名）。',
    SIGNATURE_INVALID: () => '确认验证码错误、已过期或已被使用。请等待应用显示下一个验证码后重试。未做任何更改。',
    TWO_FACTOR_ENROLMENT_REQUIRED: () => '主管部门和运营机构用户须先启用双因素登录：请在“登录安全”页面完成设置。',
    FIELD_OTP_FORMAT: () => '动态验证码为 6 位数字。',
  },
};
