package dev.library.core.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of the platform's domain errors: carries a stable problem {@code type}, a title
 * and a detail meant for the client. Rendered as {@code application/problem+json}.
 *
 * @author Library
 */
public class ProblemException extends ErrorResponseException {

	public ProblemException(HttpStatusCode status, URI type, String title, String detail) {
		this(status, type, title, detail, null);
	}

	public ProblemException(HttpStatusCode status, URI type, String title, String detail, @Nullable Throwable cause) {
		super(status, problem(status, type, title, detail), cause);
	}

	private static ProblemDetail problem(HttpStatusCode status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	@Override
	public String getMessage() {
		return getStatusCode() + " " + getBody().getDetail();
	}

}
