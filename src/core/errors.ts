/**
 * The one error family of the project. Thrown anywhere; the CLI prints it and the API maps it
 * to application/problem+json in exactly one place, by its `status`.
 */
export interface InvalidParam {
  /** Where the bad value sits: a parameter, a JSON pointer, or `file:row:column`. */
  name: string;
  reason: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly type: string;
  readonly invalidParams: InvalidParam[];

  constructor(status: number, type: string, message: string, invalidParams: InvalidParam[] = []) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.type = type;
    this.invalidParams = invalidParams;
  }
}

export class InvalidInput extends AppError {
  constructor(message: string, invalidParams: InvalidParam[] = []) {
    super(400, 'invalid-input', message, invalidParams);
  }
}

export class NotFound extends AppError {
  constructor(message: string) {
    super(404, 'not-found', message);
  }
}

export class Conflict extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'A valid API key is required (Authorization: Bearer <key>).') {
    super(401, 'unauthorized', message);
  }
}

export class Forbidden extends AppError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class Unavailable extends AppError {
  constructor(message: string) {
    super(503, 'unavailable', message);
  }
}

/** A bad row in an input file: names the file, the 1-based row, the column and why. */
export class BadRow extends InvalidInput {
  constructor(
    readonly file: string,
    readonly row: number,
    readonly column: string,
    readonly reason: string,
  ) {
    super(`${file}: row ${row}, column "${column}": ${reason}`, [
      { name: `${file}:${row}:${column}`, reason },
    ]);
  }
}
