/** An error the fake API answers with, in the body shape the real API uses. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
  toBody() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}
